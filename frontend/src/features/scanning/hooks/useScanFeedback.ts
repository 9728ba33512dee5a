// The latest scan feedback and its sound. `seq` changes on every announcement, so the same
// message twice in a row still flashes again.
import { useCallback, useState } from 'react';

import { feedbackFor, type Feedback, type ScanOutcome } from '../feedback';
import { playTone } from '../tones';

export interface AnnouncedFeedback extends Feedback {
  seq: number;
}

export function useScanFeedback(): { current: AnnouncedFeedback | null; announce: (outcome: ScanOutcome) => void; clear: () => void } {
  const [current, setCurrent] = useState<AnnouncedFeedback | null>(null);

  const announce = useCallback((outcome: ScanOutcome) => {
    const feedback = feedbackFor(outcome);
    playTone(feedback.tone);
    setCurrent((previous) => ({ ...feedback, seq: (previous?.seq ?? 0) + 1 }));
  }, []);

  const clear = useCallback(() => setCurrent(null), []);

  return { current, announce, clear };
}
