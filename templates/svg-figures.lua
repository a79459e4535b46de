-- The PDF draws each generated figure from its vector SVG. The assembled document places a
-- generated figure without an extension (figures/NAME, beside the edition's Markdown), and
-- the edition's one parse gives it the PNG (templates/defaults/common.yaml), which the DOCX,
-- the JATS and the AST the changes compare take; the figure job writes the SVG beside it.
-- Only the edition's own figures/ folder is generated: images from the manuscript keep theirs.

-- scripts/core/paths.py LOCAL_FIGURE and LOCAL_FIGURE_SVG, relative to the edition's folder.
local GENERATED = "^figures/[^/]+%.png$"

function Image(image)
  if image.src:match(GENERATED) then
    image.src = image.src:gsub("%.png$", ".svg")
    return image
  end
end
