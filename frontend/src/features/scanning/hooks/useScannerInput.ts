// Wires the scanner rules (../scanner.ts) to one text input: collects a burst of keys,
// finishes it on Enter/Tab or after a short silence, drops double reads, and keeps the
// input focused while `active` (a dialog being open makes the screen inactive).
import {
  useCallback, useEffect, useRef, useState,
  type ChangeEvent, type FocusEvent, type KeyboardEvent, type RefObject,
} from 'react';

import { DEFAULT_SCANNER_OPTIONS, idleSubmitDelay, isTypedCharacter, keyAction, ScanGate, type ScannerOptions } from '../scanner';

export interface ScannerInputOptions {
  /** Called with each normalised code to send; later codes arrive while earlier ones are sent. */
  onScan: (code: string) => void;
  active?: boolean;
  options?: ScannerOptions;
}

export interface ScannerInputBinding {
  inputRef: RefObject<HTMLInputElement | null>;
  value: string;
  onChange: (event: ChangeEvent<HTMLInputElement>) => void;
  onKeyDown: (event: KeyboardEvent<HTMLInputElement>) => void;
  onBlur: (event: FocusEvent<HTMLInputElement>) => void;
  /** Give focus back to the input (after a button did its work, or a dialog closed). */
  focus: () => void;
}

const CONTROLS = 'a[href], button, input, select, textarea, summary, [contenteditable], [tabindex]:not([tabindex="-1"])';

/** Something a person focuses on purpose, unlike a container focused by a tap on its background. */
function isControl(element: EventTarget | null): boolean {
  return element instanceof Element && element.matches(CONTROLS);
}

/** A field that takes typed text. A <select> does not count: a scan must not pick an option. */
function isEditable(element: Element | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  return element.isContentEditable || element.tagName === 'INPUT' || element.tagName === 'TEXTAREA';
}

export function useScannerInput({ onScan, active = true, options = DEFAULT_SCANNER_OPTIONS }: ScannerInputOptions): ScannerInputBinding {
  const inputRef = useRef<HTMLInputElement | null>(null);
  const [value, setValue] = useState('');
  const gate = useRef(new ScanGate(options));
  const idleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const activeRef = useRef(active);
  activeRef.current = active;

  const clearIdle = () => {
    if (idleTimer.current !== null) clearTimeout(idleTimer.current);
    idleTimer.current = null;
  };

  const focus = useCallback(() => {
    const input = inputRef.current;
    if (!activeRef.current || !input) return;
    // Chromium can hand focus back to the input (e.g. when a modal <dialog> closes) without
    // letting typed text in; blurring first makes the focus real.
    if (document.activeElement === input) input.blur();
    input.focus({ preventScroll: true });
  }, []);

  const finish = useCallback((raw: string) => {
    clearIdle();
    setValue('');
    if (inputRef.current) inputRef.current.value = '';
    const decision = gate.current.offer(raw, Date.now());
    if (decision.kind === 'submit') onScanRef.current(decision.code);
  }, []);

  const armIdle = useCallback(
    (buffer: string) => {
      clearIdle();
      const delay = idleSubmitDelay(buffer, options);
      if (delay !== null) idleTimer.current = setTimeout(() => finish(inputRef.current?.value ?? buffer), delay);
    },
    [finish, options],
  );

  const onChange = useCallback(
    (event: ChangeEvent<HTMLInputElement>) => {
      setValue(event.target.value);
      armIdle(event.target.value);
    },
    [armIdle],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLInputElement>) => {
      if (keyAction(event.key, event.currentTarget.value) === 'finish') {
        event.preventDefault();
        finish(event.currentTarget.value);
      }
    },
    [finish],
  );

  const onBlur = useCallback((event: FocusEvent<HTMLInputElement>) => {
    // Focus moved to a control on purpose (Tab, a tap on a button or link): let it, so the
    // screen stays usable from the keyboard; a scan typed meanwhile still lands here (below).
    if (isControl(event.relatedTarget)) return;
    // Anywhere else (a tap on the background, the browser's chrome): take focus back.
    setTimeout(() => {
      if (activeRef.current && document.activeElement !== inputRef.current && !isEditable(document.activeElement)) {
        inputRef.current?.focus({ preventScroll: true });
      }
    }, 0);
  }, []);

  // Focus when the screen becomes active, and when the tab or window comes back.
  useEffect(() => {
    if (!active) return undefined;
    focus();
    const refocus = () => {
      if (document.visibilityState === 'visible') focus();
    };
    window.addEventListener('focus', refocus);
    document.addEventListener('visibilitychange', refocus);
    return () => {
      window.removeEventListener('focus', refocus);
      document.removeEventListener('visibilitychange', refocus);
    };
  }, [active, focus]);

  // A scan that starts while a button holds focus must not be lost: the first character
  // brings focus back and goes into the input.
  useEffect(() => {
    if (!active) return undefined;
    const capture = (event: globalThis.KeyboardEvent) => {
      const input = inputRef.current;
      if (!input || event.target === input || isEditable(document.activeElement) || !isTypedCharacter(event)) return;
      // A space with nothing typed yet is a person pressing the focused button.
      if (event.key === ' ' && input.value === '') return;
      event.preventDefault();
      input.focus({ preventScroll: true });
      const buffer = input.value + event.key;
      input.value = buffer;
      setValue(buffer);
      armIdle(buffer);
    };
    document.addEventListener('keydown', capture, true);
    return () => document.removeEventListener('keydown', capture, true);
  }, [active, armIdle]);

  useEffect(() => clearIdle, []);

  return { inputRef, value, onChange, onKeyDown, onBlur, focus };
}
