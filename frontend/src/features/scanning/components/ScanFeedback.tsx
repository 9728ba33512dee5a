// The coloured band under the scanner input: flashes on every scan, reads out politely
// for screen readers, keeps the last message until the next scan.
import type { AnnouncedFeedback } from '../hooks/useScanFeedback';

export function ScanFeedback({ feedback, idleText }: { feedback: AnnouncedFeedback | null; idleText: string }) {
  if (!feedback) {
    return (
      <div className="feedback feedback--idle" role="status" aria-live="polite">
        <p className="feedback__reason">{idleText}</p>
      </div>
    );
  }
  return (
    <div
      key={feedback.seq}
      className={`feedback feedback--${feedback.colour} feedback--flash`}
      role="status"
      aria-live="assertive"
      data-testid="scan-feedback"
      data-colour={feedback.colour}
    >
      <p className="feedback__headline">{feedback.headline}</p>
      <p className="feedback__reason">{feedback.reason}</p>
    </div>
  );
}
