-- The language each person reads the app in; it follows them to any scanner they sign in on.
alter table users add column language text not null default 'en'
    constraint users_language_valid check (language in ('en', 'hi'));
