-- One event per message since the set-wise derive (065-070): a non-template outbound carries its
-- send-time judgement (guard_ok: the customer service window was open when it was sent) and the
-- local date of its send, instead of a separate guardrail event.
ALTER TABLE derive_events
  ADD COLUMN IF NOT EXISTS free_form UInt8,
  ADD COLUMN IF NOT EXISTS guard_ok UInt8,
  ADD COLUMN IF NOT EXISTS send_local_date Date
