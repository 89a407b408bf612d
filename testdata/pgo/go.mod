module example.com/pgofixture

go 1.26
