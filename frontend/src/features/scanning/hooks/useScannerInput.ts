// Wires the scanner rules (../scanner.ts) to one text input: collects a burst of keys,
// finishes it on Enter/Tab or after a short silence, drops double reads, and keeps the
// input focused while `active` (a dialog being open makes the screen inactive).
//
// A scanner types wherever the focus is. So, on the whole screen:
// - focus on a button, a link, a select or nothing: the first key brings focus back here;
// - focus in another text field (a capacity, a hand-entry field): the keys go there as
//   typed, but when they turn out to be a scanner's burst (fast keys ending in Enter or Tab,
//   or in silence), the field gets its text back and the code goes here as a scan;
// - while inactive (a question is open), a burst is not typed into the question: its
//   terminator is swallowed and `onBlockedScan` says it was not used.
import {
  useCallback, useEffect, useRef, useState,
  type ChangeEvent, type FocusEvent, type KeyboardEvent, type RefObject,
} from 'react';

import {
  DEFAULT_SCANNER_OPTIONS, idleSubmitDelay, isTypedCharacter, KeyBurst, keyAction, normaliseScan, ScanGate, type ScannerOptions,
} from '../scanner';

export interface ScannerInputOptions {
  /** Called with each normalised code to send; later codes arrive while earlier ones are sent. */
  onScan: (code: string) => void;
  active?: boolean;
  /** A scan that arrived while inactive (a question open): not used, but it gets an answer. */
  onBlockedScan?: (code: string) => void;
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
  /** A code from elsewhere (the camera): goes through the same double-read rule as typed ones. */
  submit: (code: string) => void;
}

const CONTROLS = 'a[href], button, input, select, textarea, summary, [contenteditable], [tabindex]:not([tabindex="-1"])';

/** Something a person focuses on purpose, unlike a container focused by a tap on its background. */
function isControl(element: EventTarget | null): boolean {
  return element instanceof Element && element.matches(CONTROLS);
}

type ValueControl = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/** A field that takes typed text. A <select> does not count: a scan must not pick an option. */
function isEditable(element: Element | null): boolean {
  if (!(element instanceof HTMLElement)) return false;
  return element.isContentEditable || element.tagName === 'INPUT' || element.tagName === 'TEXTAREA';
}

function asValueControl(element: Element | null): ValueControl | null {
  return element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement || element instanceof HTMLSelectElement
    ? element
    : null;
}

/** The value a field had before a burst went into it (text, or a select's type-ahead), so it can be put back. */
interface FieldSnapshot {
  field: ValueControl;
  value: string;
}

/**
 * Puts a field's text back as React would see a person do it: through the native setter and
 * an `input` event, so a controlled input's state follows.
 */
function restoreField({ field, value }: FieldSnapshot): void {
  if (field.value === value) return;
  const prototype =
    field instanceof HTMLSelectElement ? HTMLSelectElement.prototype
    : field instanceof HTMLTextAreaElement ? HTMLTextAreaElement.prototype
    : HTMLInputElement.prototype;
  Object.getOwnPropertyDescriptor(prototype, 'value')?.set?.call(field, value);
  field.dispatchEvent(new Event(field instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

export function useScannerInput({
  onScan, active = true, onBlockedScan, options = DEFAULT_SCANNER_OPTIONS,
}: ScannerInputOptions): ScannerInputBinding {
  const inputRef = useRef<HTMLInputElement | null>(null);
  const [value, setValue] = useState('');
  const gate = useRef(new ScanGate(options));
  const idleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const onScanRef = useRef(onScan);
  onScanRef.current = onScan;
  const onBlockedRef = useRef(onBlockedScan);
  onBlockedRef.current = onBlockedScan;
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

  const submit = useCallback((code: string) => finish(code), [finish]);

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

  // Keys that do not land in the scanner input: see the top of this file.
  useEffect(() => {
    const burst = new KeyBurst();
    let snapshot: FieldSnapshot | null = null;
    let silence: ReturnType<typeof setTimeout> | null = null;
    const stopSilence = () => {
      if (silence !== null) clearTimeout(silence);
      silence = null;
    };

    /** A burst recognised outside the scanner input: give the field its text back, then scan. */
    const take = (code: string) => {
      stopSilence();
      if (snapshot) restoreField(snapshot);
      snapshot = null;
      if (!activeRef.current) {
        // While a question is open, a scanner's keys must not answer it.
        const normalised = normaliseScan(code);
        if (normalised) onBlockedRef.current?.(normalised);
        return;
      }
      finish(code);
      inputRef.current?.focus({ preventScroll: true });
    };

    const capture = (event: globalThis.KeyboardEvent) => {
      const input = inputRef.current;
      if (event.target === input && activeRef.current) {
        burst.reset();
        return;
      }
      const now = event.timeStamp || performance.now();
      const elsewhere = !activeRef.current || isEditable(document.activeElement);
      if (elsewhere) {
        if (isTypedCharacter(event)) {
          if (burst.typed(event.key, now, event.repeat) === 'start') {
            const field = asValueControl(document.activeElement);
            snapshot = field ? { field, value: field.value } : null;
          } else if (!isEditable(document.activeElement)) {
            // A second key this fast on a button or a select is a scanner's, not a person's.
            event.preventDefault();
          }
          // Typed into the field (or the question) for now; a scanner falls silent after its code.
          stopSilence();
          silence = setTimeout(() => {
            const code = burst.idle(performance.now());
            if (code) take(code);
          }, options.idleSubmitMs);
          return;
        }
        if (event.key === 'Enter' || event.key === 'Tab') {
          const code = burst.finish(now);
          if (code) {
            // Not a submit of the field's form, not a press of the focused button.
            event.preventDefault();
            event.stopPropagation();
            take(code);
          }
          return;
        }
        if (!['Shift', 'CapsLock'].includes(event.key)) burst.reset();
        return;
      }
      // Focus on a button, a link, a select or nothing: the scan starts here.
      if (!input || !isTypedCharacter(event)) return;
      // A space with nothing typed yet is a person pressing the focused button.
      if (event.key === ' ' && input.value === '') return;
      event.preventDefault();
      input.focus({ preventScroll: true });
      const buffer = input.value + event.key;
      input.value = buffer;
      setValue(buffer);
      armIdle(buffer);
    };
    if (!active && !onBlockedRef.current) return undefined;
    document.addEventListener('keydown', capture, true);
    return () => {
      stopSilence();
      document.removeEventListener('keydown', capture, true);
    };
  }, [active, armIdle, finish, options.idleSubmitMs]);

  useEffect(() => clearIdle, []);

  return { inputRef, value, onChange, onKeyDown, onBlur, focus, submit };
}
