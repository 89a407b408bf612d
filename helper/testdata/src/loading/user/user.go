package user

import "example.com/loading/base"

func F() any { return base.T{} }

func G() any { return base.Pi }
