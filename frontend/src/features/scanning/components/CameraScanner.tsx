// The camera as a scanner: the back camera's picture with an aiming frame; every code it reads
// goes to the screen's scanner as if a gun had typed it (same double-read rule, same answers).
// Opened and closed with a button; the camera is let go when closed or when the screen closes.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { cameraUnavailableReason, CameraReads, createFrameDecoder, type FrameDecoder } from '../camera';

const FRAME_INTERVAL_MS = 200;

interface CameraScannerProps {
  onCode: (code: string) => void;
  onClose: () => void;
}

export function CameraScanner({ onCode, onClose }: CameraScannerProps) {
  const { t } = useTranslation();
  const video = useRef<HTMLVideoElement>(null);
  const [status, setStatus] = useState<'starting' | 'reading' | 'failed'>('starting');
  const [problem, setProblem] = useState<string | null>(null);
  const onCodeRef = useRef(onCode);
  onCodeRef.current = onCode;

  useEffect(() => {
    const unavailable = cameraUnavailableReason({
      isSecureContext: window.isSecureContext,
      hasMediaDevices: typeof navigator.mediaDevices?.getUserMedia === 'function',
    });
    if (unavailable) {
      setStatus('failed');
      setProblem(unavailable);
      return undefined;
    }
    let stopped = false;
    let stream: MediaStream | null = null;
    let timer: ReturnType<typeof setTimeout> | null = null;
    const canvas = document.createElement('canvas');
    const reads = new CameraReads();

    const readFrames = (decoder: FrameDecoder) => {
      const tick = async () => {
        const element = video.current;
        if (stopped || !element) return;
        if (element.readyState >= element.HAVE_CURRENT_DATA && element.videoWidth > 0) {
          canvas.width = element.videoWidth;
          canvas.height = element.videoHeight;
          const context = canvas.getContext('2d', { willReadFrequently: true });
          if (context) {
            context.drawImage(element, 0, 0);
            const frame = context.getImageData(0, 0, canvas.width, canvas.height);
            let codes: string[];
            try {
              codes = await decoder.decode(frame);
            } catch {
              // The decoder could not start (e.g. a policy that forbids compiling WebAssembly).
              if (!stopped) {
                setStatus('failed');
                setProblem(t('camera.readerFailed'));
              }
              return;
            }
            const code = reads.offer(codes, Date.now());
            if (code && !stopped) onCodeRef.current(code);
          }
        }
        if (!stopped) timer = setTimeout(() => void tick(), FRAME_INTERVAL_MS);
      };
      void tick();
    };

    void (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: { ideal: 'environment' } }, audio: false });
        if (stopped) return;
        const element = video.current;
        if (!element) return;
        element.srcObject = stream;
        await element.play().catch(() => undefined);
        const decoder = await createFrameDecoder();
        if (stopped) return;
        setStatus('reading');
        readFrames(decoder);
      } catch (error) {
        if (stopped) return;
        setStatus('failed');
        setProblem(
          error instanceof DOMException && error.name === 'NotAllowedError'
            ? t('camera.notAllowed')
            : t('camera.couldNotStart'),
        );
      }
    })();

    return () => {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, []);

  return (
    <div className="camera" data-testid="camera" data-status={status}>
      <div className="camera__view">
        <video ref={video} className="camera__video" muted playsInline aria-label={t('camera.picture')} />
        <div className="camera__aim" aria-hidden="true" />
      </div>
      <p className="camera__status" role="status">
        {status === 'starting' ? t('camera.starting') : status === 'reading' ? t('camera.holdLabel') : problem}
      </p>
      <button type="button" className="button" onClick={onClose}>
        {t('camera.close')}
      </button>
    </div>
  );
}
