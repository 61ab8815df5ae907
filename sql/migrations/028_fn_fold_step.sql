-- One step of the per-key billing fold (billing-rules.md rules 1-8), applied with arrayFold to
-- a key's events in order of (time, inbound before outbound, message_id).
--
-- Event e = (t ms, ord, message_id, type, service_ms, business_ms, fep_ms, entry_reply_ms);
-- type 0 inbound, 1 inbound entry message (ctwa/page_cta), 2 the send-time guardrail check of a
-- non-template outbound, 3/4/5 delivered MARKETING/UTILITY/AUTHENTICATION template,
-- 6 delivered non-template outbound, 9 a message that opens nothing (not delivered).
-- i = the event's 1-based index; conversations are named by the index of their opener.
--
-- State s:
--  1 customer service window close (last delivered inbound + service length)
--  2,3 service conversation opener, close        4..9 MARKETING, UTILITY, AUTHENTICATION
--  10,11 free entry point conversation opener, window close
--  12 pending entry messages [(reply deadline, index, opened its service conversation)]
--  13 per-event output [(verdict, conversation opener)]; verdicts 1 OPENED 2 REUSED 3 EXTENDED
--     4 FREE_ENTRY 5 IN_WINDOW 6 guardrail broken at send 7 guardrail kept at send 0 none
--  14 free entry points opened [(reply index, entry index, conversation opener, close, reply t)]
CREATE OR REPLACE FUNCTION wacost_fold_step AS (s, e, i) -> (
  CAST((
    if(e.4 IN (0, 1), e.1 + e.5, s.1),
    multiIf(wacost_fep_now(s, e), 0, e.4 IN (0, 1) AND NOT wacost_fep_open(s, e.1) AND NOT wacost_svc_open(s, e.1), i, s.2),
    multiIf(wacost_fep_now(s, e), 0, e.4 IN (0, 1) AND NOT wacost_fep_open(s, e.1), e.1 + e.5, s.3),
    multiIf(wacost_fep_now(s, e), 0, wacost_cat_opens(s, e, 3), i, s.4),
    multiIf(wacost_fep_now(s, e), 0, wacost_cat_opens(s, e, 3), e.1 + e.6, s.5),
    multiIf(wacost_fep_now(s, e), 0, wacost_cat_opens(s, e, 4), i, s.6),
    multiIf(wacost_fep_now(s, e), 0, wacost_cat_opens(s, e, 4), e.1 + e.6, s.7),
    multiIf(wacost_fep_now(s, e), 0, wacost_cat_opens(s, e, 5), i, s.8),
    multiIf(wacost_fep_now(s, e), 0, wacost_cat_opens(s, e, 5), e.1 + e.6, s.9),
    if(wacost_fep_now(s, e), wacost_fep_conv(s, e, i), s.10),
    if(wacost_fep_now(s, e), e.1 + e.7, s.11),
    multiIf(e.4 = 1 AND NOT wacost_fep_open(s, e.1),
              arrayPushBack(s.12, (e.1 + e.8, i, toUInt8(NOT wacost_svc_open(s, e.1)))),
            e.4 IN (3, 4, 5, 6), arrayFilter(p -> 0, s.12),
            s.12),
    arrayPushBack(s.13, (
      multiIf(
        e.4 = 2, if(s.1 > e.1, 7, 6),
        e.4 IN (0, 1), multiIf(wacost_fep_open(s, e.1), 4, wacost_svc_open(s, e.1), 3, 1),
        e.4 IN (3, 4, 5), multiIf(wacost_fep_open(s, e.1) OR wacost_fep_now(s, e), 4,
                                  wacost_cat_window(s, e.4).1 > 0 AND wacost_cat_window(s, e.4).2 > e.1, 2, 1),
        e.4 = 6, if(wacost_fep_now(s, e), 4, 5),
        0),
      multiIf(
        e.4 IN (2, 9), 0,
        wacost_fep_open(s, e.1), s.10,
        wacost_fep_now(s, e), wacost_fep_conv(s, e, i),
        e.4 IN (0, 1), if(wacost_svc_open(s, e.1), s.2, i),
        e.4 IN (3, 4, 5), if(wacost_cat_window(s, e.4).1 > 0 AND wacost_cat_window(s, e.4).2 > e.1, wacost_cat_window(s, e.4).1, i),
        if(wacost_svc_open(s, e.1), s.2, 0)))),
    if(wacost_fep_now(s, e),
       arrayPushBack(s.14, (i, wacost_entry_hit(s, e.1).2, wacost_fep_conv(s, e, i), e.1 + e.7, e.1)),
       s.14)
  ), 'Tuple(Int64, Int32, Int64, Int32, Int64, Int32, Int64, Int32, Int64, Int32, Int64, Array(Tuple(Int64, Int32, UInt8)), Array(Tuple(UInt8, Int32)), Array(Tuple(Int32, Int32, Int32, Int64, Int64)))')
)
