/** One search field with its hint and button (cards by ISMAIL ID, users): the caller decides what a search means. */
import { useState, type FormEvent } from 'react';

interface Props {
  readonly id: string;
  /** Already in the admin's words. */
  readonly label: string;
  readonly hint: string;
  readonly button: string;
  readonly initial?: string;
  readonly onSearch: (typed: string) => void;
}

export function SearchForm({ id, label, hint, button, initial = '', onSearch }: Props) {
  const [typed, setTyped] = useState(initial);
  function submit(event: FormEvent): void {
    event.preventDefault();
    onSearch(typed.trim());
  }
  return (
    <form className="card form" onSubmit={submit} role="search">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        autoComplete="off"
        spellCheck={false}
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        aria-describedby={`${id}-hint`}
      />
      <p id={`${id}-hint`} className="muted hint">
        {hint}
      </p>
      <button type="submit" className="button">
        {button}
      </button>
    </form>
  );
}
