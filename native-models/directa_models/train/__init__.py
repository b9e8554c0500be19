"""Training the built-in Directa model on the procedural previz world, with the paper's
recipe: VAE, then text encoder + base UNet on static clips, then the camera module with
the base frozen on moving/zooming crops. Every stage is resumable and time-boxed."""
