// A person filter of a FilterBar: anyone, yourself, or — for admins, who may list users —
// anyone by name. Once chosen, it shows as a removable chip with the person's name, as when a
// name is pressed in a list; removing it shows everyone's again.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

import { useUserChoices } from '../lib/api/user-choices';
import { useCurrentUser } from '../lib/auth/useCurrentUser';
import { ChoiceFilter, type Choice } from './FilterBar';

export interface ChosenUser {
  user: string | null;
  user_name: string | null;
}

interface UserFilterProps {
  id: string;
  label: string;
  /** Read after the name on the chip, by screen readers: what removing the filter does. */
  clearLabel: string;
  value: ChosenUser;
  onChange: (chosen: ChosenUser) => void;
}

export function UserFilter({ id, label, clearLabel, value, onChange }: UserFilterProps) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const people = useUserChoices(me?.role === 'admin');
  // The select and the chip swap places: the focus follows to whichever is there now.
  const moved = useRef(false);
  useEffect(() => {
    if (!moved.current) return;
    moved.current = false;
    document.getElementById(id)?.focus();
  }, [id, value.user]);
  const change = (chosen: ChosenUser) => {
    moved.current = true;
    onChange(chosen);
  };

  if (value.user) {
    return (
      <div className="field">
        <span className="field__label">{label}</span>
        <button id={id} type="button" className="button button--small chip" onClick={() => change({ user: null, user_name: null })}>
          {value.user_name ?? t('filters.oneUser')} <span aria-hidden="true">×</span>
          <span className="visually-hidden"> {clearLabel}</span>
        </button>
      </div>
    );
  }

  const others = (people.data ?? []).filter((person) => person.id !== me?.id);
  const choices: Choice<string>[] = [
    ...(me ? [{ value: me.id, label: t('filters.me', { name: me.username }) }] : []),
    ...others.map((person) => ({
      value: person.id,
      label: person.display_name && person.display_name !== person.username ? `${person.username} · ${person.display_name}` : person.username,
    })),
  ];
  const nameOf = (chosen: string) => (chosen === me?.id ? me.username : (others.find((person) => person.id === chosen)?.username ?? null));
  return (
    <ChoiceFilter id={id} label={label} anyLabel={t('filters.anyone')} choices={choices} value={null}
      onChange={(chosen) => chosen && change({ user: chosen, user_name: nameOf(chosen) })} />
  );
}
