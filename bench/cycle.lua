-- wrk script for pages rendered from the database: each request asks for the next of
-- many pages (one a line in the file given as the argument), so no page is asked for
-- twice in a row and no cache kept per page could answer. Run by bench/run.py from bench/.
--
-- wrk ... -s bench/cycle.lua URL -- PATHS_FILE

dofile("report.lua")

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  -- Threads start at different pages.
  index = math.random(#paths)
end

function request()
  index = index % #paths + 1
  return wrk.format("GET", paths[index])
end
