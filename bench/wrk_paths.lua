-- wrk script: request the paths listed in the file named by WRK_PATHS, one
-- after the other (each thread starts at its own offset), with the header
-- "Authorization: Bearer $WRK_TOKEN". Latency percentiles come from wrk.
local paths = {}
for line in io.lines(os.getenv("WRK_PATHS")) do
  if #line > 0 then paths[#paths + 1] = line end
end
local token = os.getenv("WRK_TOKEN")
local counter = 0
local i = 0

function setup(thread)
  counter = counter + 1
  thread:set("start", counter * 7919)
end

function init(args)
  i = start or 0
end

function request()
  i = i + 1
  local p = paths[(i % #paths) + 1]
  return wrk.format("GET", p, {["Authorization"] = "Bearer " .. token,
                               ["Accept"] = "application/taxii+json;version=2.1"})
end

function done(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50_ms=%.3f p99_ms=%.3f errors=%d non2xx=%d\n",
    summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
