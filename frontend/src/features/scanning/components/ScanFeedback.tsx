// The answer to the last scan, under the scanner input: a solid high-contrast colour, a shape
// per kind of answer and the headline, kept on screen until the next scan (a new scan pops it
// again, even when the words are the same). Read out for screen readers.
import { feedbackIcon } from '../feedback';
import type { AnnouncedFeedback } from '../hooks/useScanFeedback';
import { FeedbackIcon } from './FeedbackIcon';

export function ScanFeedback({ feedback, idleText }: { feedback: AnnouncedFeedback | null; idleText: string }) {
  if (!feedback) {
    return (
      <div className="feedback feedback--idle" role="status" aria-live="polite">
        <p className="feedback__reason">{idleText}</p>
      </div>
    );
  }
  const icon = feedbackIcon(feedback);
  return (
    <div
      key={feedback.seq}
      className={`feedback feedback--${feedback.colour} feedback--pop`}
      role="status"
      aria-live="assertive"
      data-testid="scan-feedback"
      data-colour={feedback.colour}
      data-tone={feedback.tone}
      data-icon={icon}
    >
      <FeedbackIcon icon={icon} />
      <div className="feedback__text">
        <p className="feedback__headline">{feedback.headline}</p>
        <p className="feedback__reason">{feedback.reason}</p>
      </div>
    </div>
  );
}
