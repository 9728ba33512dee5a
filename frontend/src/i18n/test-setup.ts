// Vitest: i18next with all of English (the app loads it in two steps), for everything under test.
import { loadLanguage } from './index';

await loadLanguage('en');
