// The beep volume, per browser; a test beep plays at the chosen level.
import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';

import { playTone, unlockAudio } from '../tones';
import { asVolumeLevel, setVolumeLevel, subscribeVolume, VOLUME_LEVELS, volumeLevel } from '../volume';

export function VolumeControl({ id }: { id: string }) {
  const { t } = useTranslation();
  const level = useSyncExternalStore(subscribeVolume, volumeLevel, volumeLevel);
  return (
    <div className="volume">
      <label htmlFor={id}>{t('volume.label')}</label>
      <select
        id={id}
        value={level}
        onChange={(event) => {
          setVolumeLevel(asVolumeLevel(event.target.value));
          unlockAudio();
          playTone('success');
        }}
      >
        {VOLUME_LEVELS.map((choice) => (
          <option key={choice} value={choice}>
            {t(`volume.${choice}`)}
          </option>
        ))}
      </select>
    </div>
  );
}
