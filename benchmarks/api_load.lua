-- wrk script for api_load.py: sends the given bodies in rotation and reports one JSON line.
--
--   wrk ... -s api_load.lua URL -- METHOD TOKEN [BODY_FILE ...]
--
-- TOKEN "-" sends no Authorization header; without BODY_FILEs the request has no body.
-- wrk counts only statuses >= 400 as errors, so every non-2xx response is counted here.

local threads = {}
local bodies = {}
local position = 1
-- Each request's draft gets a number of its own in place of this marker, so no two requests
-- carry the same draft (the server would otherwise reuse the draft's analysis). Six digits
-- keep the body's length, and so its Content-Length, unchanged.
local MARKER = "@@@@@@"
local sent = 0
non2xx = 0 -- global: the main thread reads each thread's count with thread:get

function setup(thread)
  thread:set("offset", #threads)
  table.insert(threads, thread)
end

-- Think time: each client waits this long between an answer and its next request, as a bot
-- serving a customer does (0: closed loop at full speed).
local think_ms = tonumber(os.getenv("TRUSTDESK_BENCH_THINK_MS") or "0")

function delay()
  return think_ms
end

function init(args)
  local method, token = args[1], args[2]
  local headers = {}
  if token ~= "-" then
    headers["Authorization"] = "Bearer " .. token
  end
  if #args < 3 then
    bodies[1] = wrk.format(method, nil, headers, nil)
  else
    headers["Content-Type"] = "application/json"
    for i = 3, #args do
      local file = assert(io.open(args[i], "rb"))
      bodies[#bodies + 1] = wrk.format(method, nil, headers, file:read("*a"))
      file:close()
    end
  end
  -- Threads start at different bodies, so they do not send the same one in lockstep.
  position = offset % #bodies + 1
end

function request()
  local raw = bodies[position]
  position = position % #bodies + 1
  sent = sent + 1
  local number = string.format("%06d", (offset * 500000 + sent) % 1000000)
  return (string.gsub(raw, MARKER, number, 1))
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("non2xx")
  end
  local errors = summary.errors
  io.write(string.format(
    'WRK_JSON {"requests": %d, "duration_s": %.6f, "non2xx": %d, "connect_errors": %d, '
      .. '"read_errors": %d, "write_errors": %d, "timeouts": %d, "mean_ms": %.4f, '
      .. '"max_ms": %.4f, "p50_ms": %.4f, "p90_ms": %.4f, "p95_ms": %.4f, "p99_ms": %.4f, '
      .. '"p999_ms": %.4f}\n',
    summary.requests, summary.duration / 1e6, total, errors.connect, errors.read,
    errors.write, errors.timeout, latency.mean / 1e3, latency.max / 1e3,
    latency:percentile(50) / 1e3, latency:percentile(90) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    latency:percentile(99.9) / 1e3
  ))
end
