// Reading a pasted list of email addresses for the invite dialog: one per line or
// separated by commas, semicolons or spaces; "Ada Lovelace <ada@example.org>" works too.
// Repeated addresses (compared case-insensitively, as the server does) count once.

export const maxInvites = 100;

export interface EmailList {
  /** The addresses to send, in the order given, each once. */
  emails: string[];
  /** Entries that are not email addresses. */
  invalid: string[];
  /** How many entries repeated an earlier address. */
  repeated: number;
}

// Lenient on purpose: the server validates for real and names the address it refuses.
const emailPattern = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:".]+$/;

export function isEmail(value: string): boolean {
  return emailPattern.test(value);
}

export function parseEmailList(text: string): EmailList {
  const emails: string[] = [];
  const invalid: string[] = [];
  const seen = new Set<string>();
  let repeated = 0;
  const add = (raw: string) => {
    const entry = raw.trim().replace(/^mailto:/i, '');
    if (!entry) return;
    if (!isEmail(entry)) {
      invalid.push(entry);
      return;
    }
    const key = entry.toLowerCase();
    if (seen.has(key)) {
      repeated++;
      return;
    }
    seen.add(key);
    emails.push(entry);
  };
  // Quoted display names may hold commas: drop them first.
  for (const part of text.replace(/"[^"]*"/g, ' ').split(/[,;\n]+/)) {
    if (/<[^<>]*>/.test(part)) {
      // "Ada Lovelace <ada@example.org>": the address in brackets; words around it are a
      // name, unless they are addresses themselves.
      for (const m of part.matchAll(/<([^<>]*)>/g)) add(m[1]);
      for (const word of part.replace(/<[^<>]*>/g, ' ').split(/\s+/)) if (word.includes('@')) add(word);
    } else {
      for (const word of part.split(/\s+/)) add(word);
    }
  }
  return { emails, invalid, repeated };
}

/** The position in a list named by an INVALID_INPUT or CONFLICT error's field, e.g. "emails[2]". */
export function emailIndex(field: string | undefined): number | undefined {
  const m = field ? /^emails\[(\d+)\]$/.exec(field) : null;
  return m ? Number(m[1]) : undefined;
}
