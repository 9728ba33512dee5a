// The latest scan feedback and its sound. `seq` changes on every announcement, so the same
// message twice in a row still flashes again.
import { useCallback, useState } from 'react';

import { feedbackFor, type Feedback, type ScanOutcome } from '../feedback';
import { playTone } from '../tones';

export interface AnnouncedFeedback extends Feedback {
  seq: number;
}

export interface ScanFeedbackControls {
  current: AnnouncedFeedback | null;
  announce: (outcome: ScanOutcome) => void;
  /** Shows and plays feedback worded elsewhere (the bill and return screens). */
  show: (feedback: Feedback) => void;
  clear: () => void;
}

export function useScanFeedback(): ScanFeedbackControls {
  const [current, setCurrent] = useState<AnnouncedFeedback | null>(null);

  const show = useCallback((feedback: Feedback) => {
    playTone(feedback.tone);
    setCurrent((previous) => ({ ...feedback, seq: (previous?.seq ?? 0) + 1 }));
  }, []);

  const announce = useCallback((outcome: ScanOutcome) => show(feedbackFor(outcome)), [show]);

  const clear = useCallback(() => setCurrent(null), []);

  return { current, announce, show, clear };
}
