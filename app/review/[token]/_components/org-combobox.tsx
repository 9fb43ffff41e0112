"use client";

import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { useReview } from "./review-context";

interface Option {
  id: number;
  name: string;
  code: string;
}

/**
 * "I'm employed by": a text box that searches all organisations on the
 * server and offers a short list (ARIA 1.2 combobox). Without JavaScript it
 * is a plain text box: an exact name or code typed there is found on save.
 */
export function OrgCombobox(props: {
  id: string;
  personName: string;
  name: string;
  disabled: boolean;
  describedBy?: string;
  invalid: boolean;
  onType: (name: string) => void;
  onPick: (option: Option) => void;
}) {
  const { token } = useReview();
  const [options, setOptions] = useState<Option[]>([]);
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [query, setQuery] = useState<string | null>(null);
  const listId = `${props.id}-list`;
  const request = useRef(0);

  useEffect(() => {
    if (query === null || query.trim().length < 2) {
      setOptions([]);
      return;
    }
    const mine = ++request.current;
    const timer = setTimeout(async () => {
      const found = await fetchOptions(token, query.trim());
      if (mine !== request.current) return;
      setOptions(found);
      setActive(found.length ? 0 : -1);
      setOpen(true);
    }, 200);
    return () => clearTimeout(timer);
  }, [query, token]);

  function pick(option: Option) {
    props.onPick(option);
    setOpen(false);
    setQuery(null);
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === "ArrowDown" && options.length) {
      event.preventDefault();
      setOpen(true);
      setActive((i) => (i + 1) % options.length);
    } else if (event.key === "ArrowUp" && options.length) {
      event.preventDefault();
      setActive((i) => (i <= 0 ? options.length - 1 : i - 1));
    } else if (event.key === "Enter" && open && active >= 0) {
      event.preventDefault();
      pick(options[active]);
    } else if (event.key === "Escape" && open) {
      event.preventDefault();
      setOpen(false);
    }
  }

  const expanded = open && options.length > 0;
  return (
    <div className="relative">
      <input
        id={props.id}
        name="organisationName"
        type="text"
        autoComplete="off"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={
          expanded && active >= 0 ? `${listId}-${active}` : undefined
        }
        aria-describedby={props.describedBy}
        aria-invalid={props.invalid || undefined}
        value={props.name}
        disabled={props.disabled}
        onChange={(event) => {
          props.onType(event.target.value);
          setQuery(event.target.value);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        className="w-full rounded border border-slate-500 bg-white px-2 py-1.5 disabled:bg-slate-100"
      />
      <div
        id={listId}
        role="listbox"
        aria-label={`Organisations matching, for ${props.personName}`}
        hidden={!expanded}
        className="absolute z-10 mt-1 max-h-64 w-full min-w-64 overflow-auto rounded border border-slate-500 bg-white shadow-lg"
      >
        {options.map((option, index) => (
          <div
            key={option.id}
            id={`${listId}-${index}`}
            role="option"
            tabIndex={-1}
            aria-selected={index === active}
            onMouseDown={(event) => {
              event.preventDefault();
              pick(option);
            }}
            className={`cursor-pointer px-2 py-1.5 ${index === active ? "bg-brand-700 text-white" : ""}`}
          >
            {option.name} <span className="text-xs opacity-80">({option.code})</span>
          </div>
        ))}
      </div>
    </div>
  );
}

async function fetchOptions(token: string, query: string): Promise<Option[]> {
  try {
    const response = await fetch(
      `/review/${encodeURIComponent(token)}/organisations?q=${encodeURIComponent(query)}`,
      { headers: { accept: "application/json" } },
    );
    if (!response.ok) return [];
    return ((await response.json()) as { results: Option[] }).results;
  } catch {
    return [];
  }
}
