-- Each image written as typst with its alternative text (alt-text.lua has made it the image's
-- description, or it is in `fig-alt`): pandoc's typst writer drops both, and typst tags `alt:`
-- as the figure's /Alt, which it requires of a PDF/UA image.

-- Sizes typst reads as they are; others (px) are left to typst's default size.
local TYPST_UNITS = {["%"] = true, cm = true, mm = true, ["in"] = true, pt = true, em = true}

local function typst_size(size)
  local number, unit = (size or ""):match("^([%d.]+)%s*([%a%%]+)$")
  return number and TYPST_UNITS[unit] and number .. unit or nil
end

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

function Image(image)
  local alt = image.attributes["fig-alt"] or pandoc.utils.stringify(image.caption)
  local args = {typst_string(image.src), "alt: " .. typst_string(alt)}
  for _, key in ipairs({"width", "height"}) do
    local size = typst_size(image.attributes[key])
    if size then table.insert(args, key .. ": " .. size) end
  end
  return pandoc.RawInline("typst", "#box(image(" .. table.concat(args, ", ") .. "))")
end
