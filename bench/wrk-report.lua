-- wrk reporter for the benchmarks: counts, latency percentiles (ms) and errors as one JSON line
-- on stderr, and the first failed response's status and body.
--
-- Latency is timed here, not taken from wrk's histogram. wrk's histogram holds each
-- connection's first request too, and against a busy Node server those wait for the connection
-- to be accepted: libuv accepts one connection per turn of the event loop, so 64 connections
-- opened at once against a saturated server are all accepted only after ~2 s, and those 64
-- first requests (1–2 % of a 5 s run) make wrk's p99. pgbench leaves its connection set-up out
-- of its latencies; so do we, and report the first requests' worst separately. It needs one
-- connection per thread (wrk -t = -c), so that a thread's request and response are one pair.
local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } lianluo_timespec;
int clock_gettime(int clk_id, lianluo_timespec *tp);
]])
local ts = ffi.new("lianluo_timespec")
local CLOCK_MONOTONIC = 1
local function nowMs()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1e3 + tonumber(ts.tv_nsec) / 1e6
end

local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- A script that builds its own requests defines request() after loading this file; init wraps
-- whichever is defined so that every request is timed.
request = function()
  return wrk.format()
end

function init(args)
  firstError = ""
  latencies, count, firstLatency, sentAt = {}, 0, nil, nil
  local make = request
  request = function()
    sentAt = nowMs()
    return make()
  end
end

response = function(status, headers, body)
  local took = nowMs() - sentAt
  if firstLatency == nil then
    firstLatency = took
  else
    count = count + 1
    latencies[count] = took
  end
  if status >= 400 and firstError == "" then
    firstError = status .. " " .. string.sub(body or "", 1, 200)
  end
end

done = function(summary, latency, requests)
  local all, firstMax = {}, 0
  for _, t in ipairs(threads) do
    local f = t:get("firstError")
    if f ~= nil and f ~= "" then
      io.stderr:write("FIRST ERROR " .. f .. "\n")
      break
    end
  end
  for _, t in ipairs(threads) do
    local l, c = t:get("latencies"), t:get("count") or 0
    for i = 1, c do
      all[#all + 1] = l[i]
    end
    firstMax = math.max(firstMax, t:get("firstLatency") or 0)
  end
  table.sort(all)
  local function pct(p)
    if #all == 0 then
      return 0
    end
    return all[math.min(#all, math.floor(#all * p) + 1)]
  end
  local e = summary.errors
  io.stderr:write(string.format(
    'WRK {"requests":%d,"p50":%.3f,"p99":%.3f,"firstMax":%.3f,"errors":%d}\n',
    summary.requests - e.status, pct(0.5), pct(0.99), firstMax,
    e.connect + e.read + e.write + e.status + e.timeout))
end
