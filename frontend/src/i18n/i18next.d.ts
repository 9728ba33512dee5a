// Keys are checked at compile time: a `t('…')` key missing from en.json does not compile.
import 'i18next';

import type en from './en.json';

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en };
    returnNull: false;
  }
}
