package main

import _ "golang.org/x/tools/go/packages"

func main() {}
