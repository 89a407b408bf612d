module example.com/judge

go 1.25
