-- Messages per key bucket, to cut a rebuild into slices.
SELECT bucket, count() AS n FROM messages GROUP BY bucket
