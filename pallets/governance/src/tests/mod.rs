mod dispatch_as_root;
