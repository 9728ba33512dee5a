// Made by vite.config.ts: the English words the sign-in screen needs, cut from en.json.
declare module 'virtual:i18n-boot' {
  const words: Record<string, unknown>;
  export default words;
}
