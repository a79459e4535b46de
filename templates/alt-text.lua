-- Alternative text of every image, read out in place of it: the `fig-alt` attribute, or else
-- the image's description. assemble.py checks the manuscript's images with their lines; an
-- image it cannot see (a reference-style one) without either stops pandoc here. pandoc's DOCX
-- writer takes the description (written to wp:docPr/@descr), so the alt text replaces it;
-- its typst writer drops both, so the image is written as typst with `alt:`, which the PDF
-- tags as the figure's /Alt (typst refuses a PDF/UA image without it).

-- Sizes typst reads as they are; others (px) are left to typst's default size.
local TYPST_UNITS = {["%"] = true, cm = true, mm = true, ["in"] = true, pt = true, em = true}

local function typst_size(size)
  local number, unit = (size or ""):match("^([%d.]+)%s*([%a%%]+)$")
  return number and TYPST_UNITS[unit] and number .. unit or nil
end

local function alt_text(image)
  return image.attributes["fig-alt"] or pandoc.utils.stringify(image.caption)
end

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

function Image(image)
  local alt = alt_text(image)
  if not alt:match("%S") then
    io.stderr:write("image " .. image.src .. " has no alternative text\n")
    os.exit(1)
  end
  if FORMAT:match("typst") then
    local args = {typst_string(image.src), "alt: " .. typst_string(alt)}
    for _, key in ipairs({"width", "height"}) do
      local size = typst_size(image.attributes[key])
      if size then table.insert(args, key .. ": " .. size) end
    end
    return pandoc.RawInline("typst", "#box(image(" .. table.concat(args, ", ") .. "))")
  end
  image.caption = pandoc.Inlines(alt)
  return image
end
