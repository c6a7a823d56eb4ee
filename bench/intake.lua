-- wrk script for bench:intake: POST /api/cases with a body and an Idempotency-Key of its own per
-- request. wrk is C like pgbench's clients, so the clients take little of the machine's CPU from
-- the server and the database (autocannon took 5–10× pgbench's client CPU per request).
-- Settings come from the environment: BENCH_COOKIE, BENCH_STATION.
local threads = {}
local cookie = os.getenv("BENCH_COOKIE")
local station = os.getenv("BENCH_STATION")

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  n = 0
  firstError = ""
end

response = function(status, headers, body)
  if status ~= 200 and firstError == "" then
    firstError = status .. " " .. string.sub(body, 1, 200)
  end
end

request = function()
  n = n + 1
  local body = string.format(
    '{"regionCode":"439901001001","stationId":"%s","channel":"reception","title":"村口沟渠堵塞",' ..
      '"content":"村民反映：污水处理厂尾水排入的沟渠堵塞，污水漫进稻田。","personName":"李四海",' ..
      '"personPhone":"139%08d","address":"城关镇石桥村3组18号","consentPublish":true}',
    station, (id * 10000000 + n) % 100000000)
  return wrk.format("POST", nil, {
    ["content-type"] = "application/json",
    ["cookie"] = cookie,
    ["idempotency-key"] = string.format("bench-wrk-%d-%d", id, n),
  }, body)
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
