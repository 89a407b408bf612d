module example.com/gcsample

go 1.25
