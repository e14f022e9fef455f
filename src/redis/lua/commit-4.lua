--[[
commit-4: commits one batch of one partition, atomically — derived events written and the batch's
entries acknowledged, or neither.

KEYS[1]  input stream of the partition
KEYS[2]  output stream (window results)
KEYS[3]  late stream
KEYS[4]  dead-letter stream

ARGV[1]  consumer group
ARGV[2]  IDs of every entry of the batch, each followed by one space
ARGV[3]  number of output records
ARGV[4]  number of late records
ARGV[5]  number of dead-letter records
ARGV[6…] the records, outputs first, then late, then dead letters; each is
         n (the number of field/value pairs) followed by 2n strings

Returns  { entries acknowledged, events written }

The acknowledgement comes first: when a batch with entries acknowledges none of them, it was
committed before (a command resent after a lost reply), and nothing is written twice.
]]

-- XACK in chunks: unpack() of a few thousand values would overflow Lua's C stack.
local acked = 0
local ids = {}
for id in string.gmatch(ARGV[2], '%S+') do
  ids[#ids + 1] = id
  if #ids == 1000 then
    acked = acked + redis.call('XACK', KEYS[1], ARGV[1], unpack(ids))
    ids = {}
  end
end
if #ids > 0 then acked = acked + redis.call('XACK', KEYS[1], ARGV[1], unpack(ids)) end
if acked == 0 and #ARGV[2] > 0 then return { 0, 0 } end

local pos = 6
local written = 0
local function append(stream, records)
  for _ = 1, records do
    local n = tonumber(ARGV[pos])
    redis.call('XADD', stream, '*', unpack(ARGV, pos + 1, pos + 2 * n))
    pos = pos + 1 + 2 * n
    written = written + 1
  end
end
append(KEYS[2], tonumber(ARGV[3]))
append(KEYS[3], tonumber(ARGV[4]))
append(KEYS[4], tonumber(ARGV[5]))

return { acked, written }
