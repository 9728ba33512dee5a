import { describe, expect, it } from 'vitest';

import { cameraUnavailableReason, CameraReads } from './camera';

describe('camera reads', () => {
  it('count a label once while it stays in view', () => {
    const reads = new CameraReads(2500);
    expect(reads.offer(['SB00017'], 0)).toBe('SB00017');
    expect(reads.offer(['SB00017'], 250)).toBeNull();
    expect(reads.offer([], 500)).toBeNull();
    expect(reads.offer(['SB00017'], 750)).toBeNull();
  });

  it('count the next label at once, and the same one again after a pause', () => {
    const reads = new CameraReads(2500);
    reads.offer(['SB00017'], 0);
    expect(reads.offer(['100001'], 300)).toBe('100001');
    expect(reads.offer([], 1000)).toBeNull();
    expect(reads.offer([], 3000)).toBeNull();
    expect(reads.offer(['100001'], 3100)).toBe('100001');
  });
});

describe('camera availability', () => {
  it('says the camera needs HTTPS or localhost', () => {
    expect(cameraUnavailableReason({ isSecureContext: false, hasMediaDevices: false })).toMatch(/HTTPS or on localhost/);
    expect(cameraUnavailableReason({ isSecureContext: true, hasMediaDevices: false })).toMatch(/no camera/);
    expect(cameraUnavailableReason({ isSecureContext: true, hasMediaDevices: true })).toBeNull();
  });
});
