-- wrk reporter for the benchmarks: counts, latency percentiles (ms) and errors as one JSON line
-- on stderr, and the first failed response's status and body.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  firstError = ""
end

response = function(status, headers, body)
  if status >= 400 and firstError == "" then
    firstError = status .. " " .. string.sub(body or "", 1, 200)
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  for _, t in ipairs(threads) do
    local f = t:get("firstError")
    if f ~= nil and f ~= "" then
      io.stderr:write("FIRST ERROR " .. f .. "\n")
      break
    end
  end
  io.stderr:write(string.format(
    'WRK {"requests":%d,"p50":%.3f,"p99":%.3f,"errors":%d}\n',
    summary.requests - e.status, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.status + e.timeout))
end
