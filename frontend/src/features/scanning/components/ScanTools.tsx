// Under the scanner input on every scanning screen: the beep volume, and the camera for a
// phone without a scanner gun (behind a button; browsers allow it over HTTPS or on localhost).
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';

import type { ScannerInputBinding } from '../hooks/useScannerInput';
import { VolumeControl } from './VolumeControl';

// The camera code (and its decoder) loads only when the camera is opened.
const CameraScanner = lazy(() => import('./CameraScanner').then((module) => ({ default: module.CameraScanner })));

export function ScanTools({ scanner, idPrefix }: { scanner: ScannerInputBinding; idPrefix: string }) {
  const { t } = useTranslation();
  const [camera, setCamera] = useState(false);
  return (
    <>
      <div className="scan-tools">
        <button
          type="button"
          className="button"
          aria-pressed={camera}
          onClick={() => {
            setCamera((open) => !open);
            scanner.focus();
          }}
        >
          {camera ? t('camera.close') : t('camera.open')}
        </button>
        <VolumeControl id={`${idPrefix}-volume`} />
      </div>
      {camera && (
        <Suspense fallback={<p className="camera__status">{t('camera.starting')}</p>}>
          <CameraScanner
            onCode={(code) => scanner.submit(code)}
            onClose={() => {
              setCamera(false);
              scanner.focus();
            }}
          />
        </Suspense>
      )}
    </>
  );
}
