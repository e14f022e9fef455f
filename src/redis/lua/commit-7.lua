#!lua
--[[
commit-7: commits one batch of one partition, atomically: derived events written, the partition's
position moved past the batch, or neither — and only for the current holder of the partition's lease.

KEYS[1]  input stream of the partition
KEYS[2]  checkpoint hash of the partition (fields: v, seq, id, read, fence, replay, wm, maxev, rwm, rmax,
         dsnap, detectors, poisoned, failures, failedAfter, refusedLost, anchorsAt, anchors)
KEYS[3]  output stream (window results)
KEYS[4]  late stream
KEYS[5]  dead-letter stream
KEYS[6]  lease of the partition (a string: the owner id; see lease-acquire-2.lua)
KEYS[7]  the partition's refusal marks: a list of the entry IDs refused for a state limit at or
         after the replay position, oldest first (a successor refuses them again on replay; see
         DESIGN.md, "State limits are dead letters decided in the kernel")

ARGV[1]  consumer group (its last-delivered ID mirrors the position, so XINFO and KEDA see the lag)
ARGV[2]  expected commit sequence number: the checkpoint's seq when this batch was read
ARGV[3]  last entry ID of the batch, or '' when the batch read no entries (end-of-input flush)
ARGV[4]  entries read by the group in total after this batch, or '' when unknown (the script
         corrects it from XINFO STREAM where Redis' own count differs: deletions, trims)
ARGV[5]  output records, ARGV[6] late records, ARGV[7] dead-letter records: each a msgpack array
         of records, a record being the array of an entry's field and value strings
ARGV[8]  owner id of the caller
ARGV[9]  fencing token the caller was given when it acquired the lease
ARGV[10] replay: the entry ID after which a successor re-reads the input to rebuild the windows
         still open after this batch (see DESIGN.md, "Recovery by replay")
ARGV[11] the partition's watermark after this batch, ARGV[12] its largest event time (decimal
         text, or -inf): the clock a successor resumes with
ARGV[13] the watermark and ARGV[14] the largest event time at the replay position: the clock a
         successor replaying session windows starts from
ARGV[15] a snapshot of the partition's detector states (src/detect/detector-snapshot.ts), or ''
         for none with this batch; ARGV[16] the entry ID it was taken after (a successor restores
         it and replays from there)
ARGV[17] the entry ID of a poisoned entry this batch dead-letters (processing it kept failing; it
         is the batch's last entry), or '' (or absent): added to the checkpoint's `poisoned` list
         (space-separated, the last 64 kept), which every later run skips, and the failure count
         (partition-failure-2.lua) is reset to 0
ARGV[18] the entry IDs this batch refused for a state limit, space-separated, in ID order, or ''
         (or absent): appended to KEYS[7]. Then every mark at or before ARGV[10] (the new replay
         position: replay never reaches it) is dropped from the head, and beyond the newest 65,536
         the oldest are dropped too, counted in the checkpoint's `refusedLost`
ARGV[19] session jobs: the sessions open at the replay position (src/pipeline/session-anchors.ts),
         which a successor opens again before replaying, and ARGV[20] the replay position they
         belong to (= ARGV[10]); ARGV[20] '' (or absent) when the anchors stored are still current

Returns  { new seq }                 committed
         { -2, fence, holder }       refused by fencing, nothing written: the lease is not the
                                     caller's (`holder` is its owner id, '' when it expired) or the
                                     checkpoint's fence has moved past ARGV[9] (someone acquired the
                                     partition since). The caller has lost the partition.
         { -1, seq in the checkpoint } refused: the sequence moved on (a resent or a stale commit),
                                       nothing written
Errors   'EDDYSINK <key> <type>' when a sink key holds something other than a stream
         'EDDYNOSTREAM <stream>' when the input stream no longer exists (deleted while the job ran)
         'EDDYNOGROUP <stream> <group>' when the consumer group no longer exists on it

Redis does not roll back a script that fails half-way, so everything that can fail (lease and fence,
sequence, the input stream and group, sink types, decoding the records) is checked before the first
write, and the position moves last. Both the lease and the fence are checked: the lease alone would
accept an older token of the same owner (a partition it lost and acquired again runs under a new
token), and the fence alone would let a process go on committing after its lease expired, until
someone else acquires it. The shebang makes Redis refuse the whole script up front when it is over
maxmemory (the caller retries: nothing was written).
]]

local holder = redis.call('GET', KEYS[6])
local fence = redis.call('HGET', KEYS[2], 'fence')
if holder ~= ARGV[8] or fence ~= ARGV[9] then
  return { -2, tonumber(fence or '0'), holder or '' }
end

local seq = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
if seq ~= tonumber(ARGV[2]) then return { -1, seq } end

-- The input stream and its group must still be there: XINFO STREAM and XGROUP SETID below would
-- fail after the writes otherwise (someone deleted the stream or destroyed the group meanwhile).
if redis.call('TYPE', KEYS[1])['ok'] == 'none' then
  return redis.error_reply('EDDYNOSTREAM ' .. KEYS[1])
end
local has_group = false
for _, g in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  for i = 1, #g, 2 do
    if g[i] == 'name' and g[i + 1] == ARGV[1] then has_group = true end
  end
end
if not has_group then
  return redis.error_reply('EDDYNOGROUP ' .. KEYS[1] .. ' ' .. ARGV[1])
end

-- Entry IDs compare as (ms, seq) pairs of integers; both fit a double exactly (ms < 2^53).
local function id_at_or_before(a, b)
  local ams, aseq = string.match(a, '^(%d+)-(%d+)$')
  local bms, bseq = string.match(b, '^(%d+)-(%d+)$')
  ams, aseq, bms, bseq = tonumber(ams), tonumber(aseq), tonumber(bms), tonumber(bseq)
  return ams < bms or (ams == bms and aseq <= bseq)
end

-- What a successor's replay needs besides the clock: the refusal marks (this batch's added, none at
-- or before the replay position kept) and, for session jobs, the anchors of the replay position.
local MAX_MARKS = 65536
local function keep_replay_state()
  if ARGV[20] and ARGV[20] ~= '' then redis.call('HSET', KEYS[2], 'anchorsAt', ARGV[20], 'anchors', ARGV[19]) end
  local fresh = {}
  for id in string.gmatch(ARGV[18] or '', '%S+') do fresh[#fresh + 1] = id end
  -- in chunks: unpack() of too many values overflows Lua's C stack
  for i = 1, #fresh, 1000 do redis.call('RPUSH', KEYS[7], unpack(fresh, i, math.min(i + 999, #fresh))) end
  for _ = 1, 1000000 do
    local head = redis.call('LINDEX', KEYS[7], 0)
    if not head or not id_at_or_before(head, ARGV[10]) then break end
    redis.call('LPOP', KEYS[7])
  end
  local over = redis.call('LLEN', KEYS[7]) - MAX_MARKS
  if over > 0 then
    redis.call('LTRIM', KEYS[7], over, -1)
    redis.call('HINCRBY', KEYS[2], 'refusedLost', over)
  end
end

local marks_type = redis.call('TYPE', KEYS[7])['ok']
if marks_type ~= 'none' and marks_type ~= 'list' then
  return redis.error_reply('EDDYSINK ' .. KEYS[7] .. ' ' .. marks_type)
end

local batches = {}
for k = 3, 5 do
  local t = redis.call('TYPE', KEYS[k])['ok']
  if t ~= 'none' and t ~= 'stream' then
    return redis.error_reply('EDDYSINK ' .. KEYS[k] .. ' ' .. t)
  end
  batches[k] = cmsgpack.unpack(ARGV[k + 2])
end

for k = 3, 5 do
  for _, record in ipairs(batches[k]) do
    redis.call('XADD', KEYS[k], '*', unpack(record))
  end
end

seq = seq + 1
if ARGV[3] == '' then
  redis.call('HSET', KEYS[2], 'v', '2', 'seq', seq, 'replay', ARGV[10], 'wm', ARGV[11], 'maxev', ARGV[12], 'rwm', ARGV[13], 'rmax', ARGV[14])
  if ARGV[15] ~= '' then redis.call('HSET', KEYS[2], 'dsnap', ARGV[16], 'detectors', ARGV[15]) end
  keep_replay_state()
  return { seq }
end

-- entries-read as Redis counts it: every ID ever added up to the position, deleted ones included.
-- At the stream's end that is entries-added; with no deletion ever, the host's count is exact;
-- otherwise Redis estimates it itself (lag may read as unknown until the group catches up).
local read = ARGV[4]
local info = redis.call('XINFO', 'STREAM', KEYS[1])
local last_generated, entries_added, max_deleted
for i = 1, #info, 2 do
  if info[i] == 'last-generated-id' then last_generated = info[i + 1]
  elseif info[i] == 'entries-added' then entries_added = info[i + 1]
  elseif info[i] == 'max-deleted-entry-id' then max_deleted = info[i + 1] end
end
if ARGV[3] == last_generated then
  read = tostring(entries_added)
elseif max_deleted ~= '0-0' then
  read = ''
end
redis.call('HSET', KEYS[2], 'v', '2', 'seq', seq, 'id', ARGV[3], 'read', read, 'replay', ARGV[10], 'wm', ARGV[11], 'maxev', ARGV[12], 'rwm', ARGV[13], 'rmax', ARGV[14])
if ARGV[15] ~= '' then redis.call('HSET', KEYS[2], 'dsnap', ARGV[16], 'detectors', ARGV[15]) end
keep_replay_state()
if ARGV[17] and ARGV[17] ~= '' then
  local kept = {}
  for id in string.gmatch(redis.call('HGET', KEYS[2], 'poisoned') or '', '%S+') do kept[#kept + 1] = id end
  kept[#kept + 1] = ARGV[17]
  while #kept > 64 do table.remove(kept, 1) end
  redis.call('HSET', KEYS[2], 'poisoned', table.concat(kept, ' '))
  -- HSET rather than HDEL: the ACL rule (src/k8s/redis-acl.ts) grants no HDEL
  redis.call('HSET', KEYS[2], 'failures', 0, 'failedAfter', '')
end
if read ~= '' then
  redis.call('XGROUP', 'SETID', KEYS[1], ARGV[1], ARGV[3], 'ENTRIESREAD', read)
else
  redis.call('XGROUP', 'SETID', KEYS[1], ARGV[1], ARGV[3])
end
return { seq }
