"""The command line (`python -m cli ...`): the top of the layer stack, over the pipeline and publish/."""
