-- wrk script for valid appointment submissions, run by bench/run.py.
--
-- wrk ... -s bench/submit.lua -H "Cookie: csrftoken=..." URL -- ROUND BODY TIMESTAMPS
--   ROUND       a number (1-99) that makes this round's names and phone numbers unique
--   BODY        the url-encoded fields every request shares (CSRF token, ...)
--   TIMESTAMPS  a file of signed form timestamps, one a line: each is good for one request
--               (a form shown to one patient), so each request sends its own
--
-- Each request gets its own name, phone and email (round, thread, counter), so the
-- "identical resubmission" check never merges two of them. A success is a 302 to the
-- thank-you page; every other answer is counted by status code.

local threads = {}

function setup(thread)
  thread:set("thread_number", #threads + 1)
  table.insert(threads, thread)
end

-- Each thread takes its timestamps from its own share of the file.
local SHARES = 16

function init(args)
  round = tonumber(args[1])
  shared_body = args[2]
  timestamps = {}
  for line in io.lines(args[3]) do
    table.insert(timestamps, line)
  end
  share = math.floor(#timestamps / SHARES)
  sent = 0
  successes = 0
  redirects_elsewhere = 0
  other_statuses = ""
  counts = {}
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
end

function request()
  sent = sent + 1
  local who = string.format("%02d-%02d-%06d", round, thread_number, sent)
  local timestamp = timestamps[(thread_number - 1) % SHARES * share + (sent - 1) % share + 1]
  local body = shared_body
    .. "&form_started=" .. timestamp:gsub(":", "%%3A")
    .. "&full_name=Bench+Patient+" .. who
    .. "&phone=%2B4420" .. string.format("%02d%02d%06d", round, thread_number, sent)
    .. "&email=bench-" .. who .. "%40example.com"
  return wrk.format(nil, nil, nil, body)
end

function response(status, headers, body)
  if status == 302 then
    local location = headers["Location"] or headers["location"]
    if location == "/appointments/thank-you/" then
      successes = successes + 1
    else
      redirects_elsewhere = redirects_elsewhere + 1
    end
  else
    counts[status] = (counts[status] or 0) + 1
    local parts = {}
    for code, n in pairs(counts) do
      table.insert(parts, string.format('"%d": %d', code, n))
    end
    other_statuses = table.concat(parts, ", ")
  end
end

function done(summary, latency, requests)
  local total_successes, total_elsewhere, others = 0, 0, {}
  for _, thread in ipairs(threads) do
    total_successes = total_successes + thread:get("successes")
    total_elsewhere = total_elsewhere + thread:get("redirects_elsewhere")
    local text = thread:get("other_statuses")
    if text ~= "" then
      table.insert(others, "{" .. text .. "}")
    end
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, '
      .. '"read": %d, "write": %d, "status": %d, "timeout": %d, "mean_us": %.1f, '
      .. '"p50_us": %d, "p90_us": %d, "p99_us": %d, "max_us": %d, '
      .. '"successes": %d, "redirects_elsewhere": %d, "other_statuses": [%s]}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write,
    e.status, e.timeout, latency.mean, latency:percentile(50), latency:percentile(90),
    latency:percentile(99), latency.max, total_successes, total_elsewhere,
    table.concat(others, ", ")))
end
