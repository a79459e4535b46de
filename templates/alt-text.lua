-- Alternative text of every image, read out in place of it: the `fig-alt` attribute, or else
-- the image's description. assemble.py checks the manuscript's images with their lines; an
-- image it cannot see (a reference-style one) without either stops pandoc here. pandoc's DOCX
-- writer takes the description (written to wp:docPr/@descr), so the alt text replaces it.
-- Its typst writer drops both: the PDF's render adds typst-alt-text.lua after the parse.
-- Nothing here depends on the output format, so the parse is the same in every pandoc call.

function Image(image)
  local alt = image.attributes["fig-alt"] or pandoc.utils.stringify(image.caption)
  if not alt:match("%S") then
    io.stderr:write("image " .. image.src .. " has no alternative text\n")
    os.exit(1)
  end
  image.caption = pandoc.Inlines(alt)
  return image
end
