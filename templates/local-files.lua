-- Stop the build when the document would read an image from outside the repository or from
-- the network. assemble.py checks the manuscript's inline images, with their lines; this
-- checks every image pandoc is about to read, whatever its Markdown form (reference-style
-- images too). The repository is pandoc's working directory; a relative path is looked up
-- in the resource path in order, as pandoc does. A Lua error would print a stack traceback,
-- so the problems go to stderr and pandoc exits 1.

local function normalize(path)
  -- "a/./b/../c" → "a/c"; nil when the path climbs above where it starts.
  local parts = {}
  for part in path:gmatch("[^/]+") do
    if part == ".." then
      if #parts == 0 then return nil end
      table.remove(parts)
    elseif part ~= "." then
      table.insert(parts, part)
    end
  end
  return table.concat(parts, "/")
end

local function exists(path)
  local handle = io.open(path, "rb")
  if handle then handle:close() end
  return handle ~= nil
end

local function problem(src)
  if src:match("^data:") then return nil end
  if src:match("^%a[%w+.-]*:") then return "is not in the repository; the build reads no network" end
  if src:sub(1, 1) == "/" then return "is an absolute path; the build reads nothing outside the repository" end
  for _, dir in ipairs(PANDOC_STATE.resource_path) do
    local candidate = normalize(dir .. "/" .. src)
    if candidate == nil then
      if exists(dir .. "/" .. src) then return "lies outside the repository; the build reads nothing outside it" end
    elseif exists(candidate) then
      return nil
    end
  end
  return nil -- not found anywhere: pandoc says so itself
end

function Pandoc(doc)
  local problems = {}
  doc:walk({
    Image = function(image)
      local why = problem(image.src)
      if why then table.insert(problems, "image " .. image.src .. " " .. why) end
    end,
  })
  if #problems > 0 then
    io.stderr:write(table.concat(problems, "\n") .. "\n")
    os.exit(1)
  end
end
