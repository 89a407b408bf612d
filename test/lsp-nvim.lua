-- Neovim (0.7+, headless) as the LSP client of `ifacelens lsp`: opens IFL_FILE, asks for its inlay
-- hints and a hover at IFL_HOVER_LINE:IFL_HOVER_COL through its own client (0.7 has no inlay-hint
-- UI: vim.lsp.buf_request_sync), and writes them as JSON to IFL_OUT. Run by test/lsp.test.ts.
local bin, root, file, out = os.getenv('IFL_BIN'), os.getenv('IFL_ROOT'), os.getenv('IFL_FILE'), os.getenv('IFL_OUT')
local function finish(result)
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qa!')
end
local ok, err = pcall(function()
  local id = vim.lsp.start_client({ cmd = { 'node', bin, 'lsp' }, root_dir = root, name = 'ifacelens' })
  vim.cmd('edit ' .. file)
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, id)
  vim.wait(10000, function() local c = vim.lsp.get_client_by_id(id); return c and c.initialized end, 50)
  local uri = vim.uri_from_bufnr(buf)
  local n = vim.api.nvim_buf_line_count(buf)
  local hints = vim.lsp.buf_request_sync(buf, 'textDocument/inlayHint', { textDocument = { uri = uri }, range = { start = { line = 0, character = 0 }, ['end'] = { line = n, character = 0 } } }, 60000)
  local line = tonumber(os.getenv('IFL_HOVER_LINE'))
  local hover = vim.lsp.buf_request_sync(buf, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = line, character = tonumber(os.getenv('IFL_HOVER_COL')) } }, 60000)
  local r = { hints = {}, hover = vim.NIL }
  for _, res in pairs(hints or {}) do if res.result then r.hints = res.result end end
  for _, res in pairs(hover or {}) do if res.result then r.hover = res.result end end
  vim.lsp.stop_client(id)
  finish(r)
end)
if not ok then finish({ error = tostring(err) }) end
