// The scanning feature's public entry: what packing, bills, returns and trace use of it (the
// scanner input and its feedback). Other features import it from here, never from its files
// (eslint.config.js). The camera stays a chunk of its own: ScanTools loads it when first opened.
export { FeedbackIcon } from './components/FeedbackIcon';
export { ScanFeedback } from './components/ScanFeedback';
export { ScannerInput } from './components/ScannerInput';
export { ScanTools } from './components/ScanTools';
export { feedbackFor, feedbackIcon, notNowFeedback, type Feedback, type LocalRefusal, type ScanOutcome } from './feedback';
export { useScanFeedback } from './hooks/useScanFeedback';
export { useScannerInput } from './hooks/useScannerInput';
export { parentLabelTest, type ParentLabelTest } from './parent-labels';
export { normaliseScan } from './scanner';
export { unlockAudio } from './tones';
