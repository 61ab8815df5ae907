// A WhatsApp message id on one line: Meta's ids (~60 characters, no space) broke mid-id over
// several lines in a table's column (fresh-user trials: the investigation page, then the
// dashboard's latest discrepancies). style.css (code.message-id) shows its start as far as there
// is room, an ellipsis and its last ID_TAIL characters (a customer's ids share their start: it
// spells the customer's number).

/** Characters of a message id always shown, after the ellipsis (style.css sizes its start to leave them room). */
export const ID_TAIL = 10

/**
 * `<code class="message-id">` holding `id`: its text stays the whole id in one piece, so a click
 * selects it whole for copying (into Meta's tools), the title shows it, and search finds it.
 */
export function messageIdCode(id: string): HTMLElement {
  const cut = Math.max(0, id.length - ID_TAIL)
  const code = Object.assign(document.createElement('code'), { className: 'message-id', title: id })
  code.append(Object.assign(document.createElement('span'), { textContent: id.slice(0, cut) }), id.slice(cut))
  return code
}
