// What stderr says is a terminal's: a text that comes from outside (a rejected value, a batch's
// source, a file name) must not be able to clear or recolour it (README, "Input").

/**
 * `text` as a terminal shows it literally: each control character (C0, DEL, C1) written as JSON
 * escapes it (`\u001b`). A rejected value quoted in a reason could otherwise clear the screen or
 * recolour the report that says it was rejected (break-it trial: "1\u001b[2J…" as a wa_id), and a
 * batch's source (a file named "evil\u001b[2J…\nwacost: all good") the warning that it did not finish.
 */
export const printable = (text: string): string => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, escaped)

/**
 * `text` as an HTTP header value can carry it: every character outside printable ASCII (controls,
 * and é or an emoji, which a header's bytes cannot hold) written as a JSON escape, `\u00e9`.
 */
export const headerSafe = (text: string): string => text.replace(/[^\x20-\x7e]/g, escaped)

/** One character as a JSON escape: `\u00a0`. */
export const escaped = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`
