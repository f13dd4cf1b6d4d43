"""Auditing on a Dask cluster: the same engine on every worker, one partition of the input at a
time, with the same output as a single-process audit plus partitioned Parquet.

Dask and pyarrow come with the `dask` extra (pip install 'trustdesk[dask]'); nothing here imports
them until an audit or a conversion runs.
"""
