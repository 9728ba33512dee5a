// The one big input a keyboard-wedge scanner types into. On phones the on-screen keyboard
// stays down (inputMode "none") unless the operator asks for it to type a code by hand.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { MAX_SCAN_LENGTH } from '../scanner';
import type { ScannerInputBinding } from '../hooks/useScannerInput';

interface ScannerInputProps {
  binding: ScannerInputBinding;
  id: string;
  label: string;
  disabled?: boolean;
}

// No placeholder: an example code in the field reads as a value already scanned.
export function ScannerInput({ binding, id, label, disabled = false }: ScannerInputProps) {
  const { t } = useTranslation();
  const [keyboard, setKeyboard] = useState(false);

  return (
    <div className="scanner">
      <label className="scanner__label" htmlFor={id}>
        {label}
      </label>
      <div className="scanner__row">
        <input
          id={id}
          ref={binding.inputRef}
          className="scanner__input"
          type="text"
          inputMode={keyboard ? 'text' : 'none'}
          autoComplete="off"
          autoCorrect="off"
          autoCapitalize="characters"
          spellCheck={false}
          enterKeyHint="send"
          maxLength={MAX_SCAN_LENGTH + 50}
          disabled={disabled}
          value={binding.value}
          onChange={binding.onChange}
          onKeyDown={binding.onKeyDown}
          onBlur={binding.onBlur}
        />
        <button
          type="button"
          className="button scanner__keyboard"
          aria-pressed={keyboard}
          title={t('scanner.keyboardTitle')}
          onClick={() => {
            setKeyboard((shown) => !shown);
            binding.focus();
          }}
        >
          ⌨<span className="visually-hidden"> {t('scanner.keyboard')}</span>
        </button>
      </div>
    </div>
  );
}
