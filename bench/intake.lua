-- wrk script for bench:intake: POST /api/cases with a body and an Idempotency-Key of its own per
-- request. Settings come from the environment: BENCH_COOKIE, BENCH_STATION; the reporting
-- (setup, response, done) is the shared reporter's.
dofile(os.getenv("WRK_REPORT"))

local cookie = os.getenv("BENCH_COOKIE")
local station = os.getenv("BENCH_STATION")
-- Each run its own keys: a key seen before would be answered as a replay, not a new case.
local run = os.getenv("BENCH_RUN")
local reporterInit = init
local n = 0

function init(args)
  reporterInit(args)
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
    ["idempotency-key"] = string.format("bench-%s-%d-%d", run, id, n),
  }, body)
end
