--[[
commit-5: commits one batch of one partition, atomically: derived events written, the partition's
position moved past the batch, or neither.

KEYS[1]  input stream of the partition
KEYS[2]  checkpoint hash of the partition (fields: v, seq, id, read)
KEYS[3]  output stream (window results)
KEYS[4]  late stream
KEYS[5]  dead-letter stream

ARGV[1]  consumer group (its last-delivered ID mirrors the position, so XINFO and KEDA see the lag)
ARGV[2]  expected commit sequence number: the checkpoint's seq when this batch was read
ARGV[3]  last entry ID of the batch, or '' when the batch read no entries (end-of-input flush)
ARGV[4]  entries read by the group in total after this batch, or '' when unknown
ARGV[5]  output records, ARGV[6] late records, ARGV[7] dead-letter records: each a msgpack array
         of records, a record being the array of an entry's field and value strings

Returns  { new seq }                 committed
         { -1, seq in the checkpoint } refused: the sequence moved on (a resent or a stale commit),
                                       nothing written
]]

local seq = tonumber(redis.call('HGET', KEYS[2], 'seq') or '0')
if seq ~= tonumber(ARGV[2]) then return { -1, seq } end
seq = seq + 1
if ARGV[3] ~= '' then
  redis.call('HSET', KEYS[2], 'v', '1', 'seq', seq, 'id', ARGV[3], 'read', ARGV[4])
  if ARGV[4] ~= '' then
    redis.call('XGROUP', 'SETID', KEYS[1], ARGV[1], ARGV[3], 'ENTRIESREAD', ARGV[4])
  else
    redis.call('XGROUP', 'SETID', KEYS[1], ARGV[1], ARGV[3])
  end
else
  redis.call('HSET', KEYS[2], 'v', '1', 'seq', seq)
end

local function append(stream, packed)
  for _, record in ipairs(cmsgpack.unpack(packed)) do
    redis.call('XADD', stream, '*', unpack(record))
  end
end
append(KEYS[3], ARGV[5])
append(KEYS[4], ARGV[6])
append(KEYS[5], ARGV[7])
return { seq }
