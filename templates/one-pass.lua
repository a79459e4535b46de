-- The edition's one parse and its PDF's typst source in a single pandoc call (scripts/commands/watch.py):
-- after the parse's filters (templates/defaults/common.yaml), the document goes, as pandoc's JSON on one
-- line of stdout, to the process that started pandoc; what it answers on stdin (render.py's work
-- between the parse and the typst writer) goes on to the typst render's filters and the writer.

function Pandoc(doc)
  io.stdout:write(pandoc.write(doc, "json"), "\n")
  io.stdout:flush()
  return pandoc.read(io.stdin:read("a"), "json")
end
