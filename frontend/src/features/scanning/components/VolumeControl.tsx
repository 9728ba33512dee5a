// The beep volume, per browser; a test beep plays at the chosen level.
import { useSyncExternalStore } from 'react';

import { playTone, unlockAudio } from '../tones';
import { asVolumeLevel, setVolumeLevel, subscribeVolume, VOLUME_LABELS, VOLUME_LEVELS, volumeLevel } from '../volume';

export function VolumeControl({ id }: { id: string }) {
  const level = useSyncExternalStore(subscribeVolume, volumeLevel, volumeLevel);
  return (
    <div className="volume">
      <label htmlFor={id}>Beep volume</label>
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
            {VOLUME_LABELS[choice]}
          </option>
        ))}
      </select>
    </div>
  );
}
