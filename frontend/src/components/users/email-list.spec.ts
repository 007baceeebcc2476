import { describe, expect, it } from 'vitest';
import { emailIndex, parseEmailList } from './email-list';

describe('parseEmailList', () => {
  it('reads addresses separated by lines, commas, semicolons and spaces', () => {
    expect(parseEmailList('a@example.org\nb@example.org, c@example.org;d@example.org e@example.org').emails).toEqual([
      'a@example.org',
      'b@example.org',
      'c@example.org',
      'd@example.org',
      'e@example.org',
    ]);
  });

  it('takes the address out of "Name <address>", even with a quoted name holding a comma', () => {
    const list = parseEmailList('Ada Lovelace <ada@example.org>, "Hopper, Grace" <grace@example.org>; linus@example.org Linus <l@example.org>');
    expect(list.emails).toEqual(['ada@example.org', 'grace@example.org', 'l@example.org', 'linus@example.org']);
    expect(list.invalid).toEqual([]);
  });

  it('counts a repeated address once, whatever its case', () => {
    expect(parseEmailList('Ada@Example.org ada@example.org ADA@EXAMPLE.ORG')).toEqual({
      emails: ['Ada@Example.org'],
      invalid: [],
      repeated: 2,
    });
  });

  it('lists the entries that are not addresses', () => {
    expect(parseEmailList('ada, grace@, @example.org, linus@example').invalid).toEqual(['ada', 'grace@', '@example.org', 'linus@example']);
  });

  it('ignores blank entries and mailto: prefixes', () => {
    expect(parseEmailList(' ,, \n mailto:ada@example.org ;').emails).toEqual(['ada@example.org']);
  });
});

describe('emailIndex', () => {
  it('reads the position named by an error field', () => {
    expect(emailIndex('emails[3]')).toBe(3);
    expect(emailIndex('emails')).toBeUndefined();
    expect(emailIndex('access[0].product')).toBeUndefined();
    expect(emailIndex(undefined)).toBeUndefined();
  });
});
