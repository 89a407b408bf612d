module typednil

go 1.26
