// One shape per kind of answer (tick, cross, stop sign, clock, warning triangle, "i"), drawn
// as inline SVG (no image files, nothing the Content-Security-Policy has to allow), so the
// answer reads in sunlight and without telling red from green.
import { useTranslation } from 'react-i18next';

import type { FeedbackIcon as IconName } from '../feedback';

export function FeedbackIcon({ icon, className = 'feedback__icon' }: { icon: IconName; className?: string }) {
  const { t } = useTranslation();
  return (
    <svg className={className} viewBox="0 0 48 48" role="img" aria-label={t(`feedbackIcon.${icon}`)} data-icon={icon} focusable="false">
      {icon === 'check' && (
        <>
          <circle cx="24" cy="24" r="22" fill="currentColor" />
          <path d="M13 25l7 7 15-16" fill="none" stroke="var(--icon-ink)" strokeWidth="6" strokeLinecap="round" strokeLinejoin="round" />
        </>
      )}
      {icon === 'info' && (
        <>
          <circle cx="24" cy="24" r="20" fill="none" stroke="currentColor" strokeWidth="5" />
          <path d="M24 21v13M24 13v1" stroke="currentColor" strokeWidth="6" strokeLinecap="round" />
        </>
      )}
      {icon === 'cross' && (
        <>
          <rect x="3" y="3" width="42" height="42" rx="4" fill="currentColor" />
          <path d="M15 15l18 18M33 15L15 33" stroke="var(--icon-ink)" strokeWidth="6" strokeLinecap="round" />
        </>
      )}
      {icon === 'stop' && (
        <>
          <path d="M16 2h16l14 14v16L32 46H16L2 32V16z" fill="currentColor" />
          <path d="M13 24h22" stroke="var(--icon-ink)" strokeWidth="7" strokeLinecap="round" />
        </>
      )}
      {icon === 'clock' && (
        <>
          <circle cx="24" cy="24" r="20" fill="none" stroke="currentColor" strokeWidth="5" />
          <path d="M24 12v13l8 6" fill="none" stroke="currentColor" strokeWidth="5" strokeLinecap="round" strokeLinejoin="round" />
        </>
      )}
      {icon === 'alert' && (
        <>
          <path d="M24 3L46 43H2z" fill="currentColor" strokeLinejoin="round" />
          <path d="M24 17v12M24 36v1" stroke="var(--icon-ink)" strokeWidth="6" strokeLinecap="round" />
        </>
      )}
    </svg>
  );
}
